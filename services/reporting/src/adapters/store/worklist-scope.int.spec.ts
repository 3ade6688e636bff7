// The worklists' default scope on today's map, over the real document store (FerretDB / MongoDB):
// a successor commune's desk lists its own and its predecessors' open dossiers in one query over
// the units (`$in`), an office of it the dissolved district departments' cases of those units too
// (agency, or (dissolved agency, carried unit)), and nothing of another commune's predecessors.
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { loadAdminMap } from '@onestop/admin-map';
import { ReportingQueries } from '../../application/reporting-queries';
import type { ProjectionStore } from '../../application/ports';
import { emptyView, type DossierView } from '../../domain/dossier-view';
import { workQueueScope, type Caller } from '../../domain/work-queue-access';
import { successionOn } from '../grpc/succession';
import { MongoProjectionCatalog } from './mongo-projection-catalog';

const map = loadAdminMap(path.resolve(__dirname, '../../../../intake/data/units.json'));
const NOW = new Date('2026-03-02T02:00:00Z');
const succession = successionOn(map, () => NOW);

function open(id: string, unitCode: string, agencyCode: string, due: string, ended?: string): DossierView {
  return {
    ...emptyView(id),
    dossierCode: `${unitCode}-${id}`,
    unitCode,
    agencyCode,
    receivedAt: new Date('2020-10-05T02:00:00Z'),
    dueAt: new Date(due),
    endedAt: ended ? new Date(ended) : null,
  };
}

describe("a successor's worklists with no unit named", () => {
  const mongo = new MongoClient(process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27017/');
  const dbName = `t_rep_worklist_${randomBytes(4).toString('hex')}`;
  let store: ProjectionStore;
  let queries: ReportingQueries;

  beforeAll(async () => {
    await mongo.connect();
    store = new MongoProjectionCatalog(mongo.db(dbName)).store(1);
    await store.ensureIndexes();
    const views = [
      open('mt-own', 'XMINHTHAI', 'XMINHTHAI-VHXH', '2026-03-10T02:00:00Z'),
      open('td-open', 'XTRUCDAI', 'TUPHAP', '2020-10-12T02:00:00Z'),
      open('tt-open', 'XTRUCTHANG', 'TUPHAP', '2020-10-11T02:00:00Z'),
      open('td-done', 'XTRUCDAI', 'TUPHAP', '2020-10-12T02:00:00Z', '2026-01-05T02:00:00Z'),
      open('tu-open', 'XTRUCTUAN', 'TUPHAP', '2020-10-09T02:00:00Z'),
      open('cl-own', 'XCOLE', 'XCOLE-VHXH', '2026-03-11T02:00:00Z'),
    ];
    await store.insertBuilt(
      views.map((view) => ({ dossierId: view.dossierId, revision: 1, events: [], pickups: [], view })),
      [],
    );
    queries = new ReportingQueries({ store: () => store, workingHours: () => null, clock: () => NOW });
  });

  afterAll(async () => {
    await mongo.db(dbName).dropDatabase();
    await mongo.close();
  });

  const ids = (views: DossierView[]) => views.map((v) => v.dossierId);
  const scopeOf = (caller: Caller, requested: { unitCode?: string; agencyCode?: string } = {}) => {
    const decision = workQueueScope(caller, requested, 'TRUCNINH', succession.carriesOn, succession);
    if (!('scope' in decision)) throw new Error(`expected a scope, got ${JSON.stringify(decision)}`);
    return decision.scope;
  };
  const desk = (unitCode: string): Caller => ({ officerId: 'd1', role: 'desk_officer', unitCode });

  it("lists Minh Thái's own and its predecessors' open dossiers, soonest due first; the overdue ones among them", async () => {
    expect(ids(await queries.workQueue(scopeOf(desk('XMINHTHAI'))))).toEqual(['tt-open', 'td-open', 'mt-own']);
    expect(ids(await queries.overdue(scopeOf(desk('XMINHTHAI'))))).toEqual(['tt-open', 'td-open']);
    // naming one predecessor lists it alone
    expect(ids(await queries.workQueue(scopeOf(desk('XMINHTHAI'), { unitCode: 'XTRUCDAI' })))).toEqual(['td-open']);
  });

  it("lists Cổ Lễ's own and its predecessors', none of Minh Thái's", async () => {
    expect(ids(await queries.workQueue(scopeOf(desk('XCOLE'))))).toEqual(['tu-open', 'cl-own']);
  });

  it("gives Minh Thái's office its own cases and the dissolved department's cases of its predecessors", async () => {
    const office: Caller = { officerId: 'l1', role: 'leader', unitCode: 'XMINHTHAI-VHXH' };
    expect(ids(await queries.workQueue(scopeOf(office)))).toEqual(['tt-open', 'td-open', 'mt-own']);
    expect(ids(await queries.workQueue(scopeOf({ ...office, role: 'specialist' }, { agencyCode: 'XMINHTHAI-VHXH' })))).toEqual(['mt-own']);
  });
});
