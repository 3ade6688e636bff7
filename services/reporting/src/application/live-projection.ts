// The projection a running reporting instance feeds and serves. It follows the pointer in the
// catalog: when a replay switches the live version, the instance stops feeding the old version,
// starts the new version's consumer group where the replay left it, and reads from the new
// version at once. A heartbeat tells the replay which version each instance feeds, so the old
// version is dropped only once nobody writes to it any more.
import type { Logger } from 'pino';
import { DossierProjector } from './dossier-projector';
import type { EventSource, ProjectionCatalog, ProjectionPointer, ProjectionStore, RunningSubscription } from './ports';

export interface LiveProjectionDeps {
  catalog: ProjectionCatalog;
  source: EventSource;
  logger: Logger;
  instanceId: string;
  clock?: () => Date;
  /** How often the pointer is checked and the heartbeat written. Default 2 s. */
  pollMs?: number;
}

export const HEARTBEAT_PERIOD_MS = 2_000;

export class LiveProjection {
  private version = 0;
  private liveStore: ProjectionStore | undefined;
  private subscription: RunningSubscription | undefined;
  private timer: NodeJS.Timeout | undefined;
  private following: Promise<void> = Promise.resolve();

  constructor(private readonly deps: LiveProjectionDeps) {}

  /** The store reads are served from. */
  store(): ProjectionStore {
    if (!this.liveStore) throw new Error('live projection not started');
    return this.liveStore;
  }

  get liveVersion(): number {
    return this.version;
  }

  async start(): Promise<void> {
    await this.follow(await this.deps.catalog.pointer());
    this.timer = setInterval(() => {
      this.following = this.following
        .then(() => this.check())
        .catch((err) => this.deps.logger.error({ err }, 'projection pointer check failed'));
    }, this.deps.pollMs ?? HEARTBEAT_PERIOD_MS);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.following;
    await this.subscription?.stop();
    this.subscription = undefined;
    await this.deps.catalog.forgetInstance(this.deps.instanceId);
  }

  private async check(): Promise<void> {
    if (!this.timer) return;
    await this.follow(await this.deps.catalog.pointer());
  }

  private async follow(pointer: ProjectionPointer): Promise<void> {
    if (pointer.live !== this.version) {
      const store = this.deps.catalog.store(pointer.live);
      await store.ensureIndexes();
      const projector = new DossierProjector(store);
      // Serve the new version first: a replay switches only once it has caught up.
      this.liveStore = store;
      const previous = this.subscription;
      this.subscription = undefined;
      await previous?.stop();
      const subscription = this.deps.source.subscribe(
        pointer.liveGroup,
        async (e) => {
          await projector.project(e);
        },
        (events) => projector.projectBatch(events),
      );
      await subscription.start();
      this.subscription = subscription;
      this.deps.logger.info(
        { version: pointer.live, group: pointer.liveGroup, previous: this.version || null },
        'feeding projection version',
      );
      this.version = pointer.live;
    }
    await this.deps.catalog.heartbeat(this.deps.instanceId, this.version, (this.deps.clock ?? (() => new Date()))());
  }
}
