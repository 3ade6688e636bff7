import { computeEventHash, type HashableEvent } from './hash';

/** An event as read back for an audit: what was hashed plus the hash that was stored/sent. */
export interface ChainEvent extends HashableEvent {
  hash: string;
}

export type ChainProblemKind = 'altered' | 'missing' | 'reordered' | 'broken_link' | 'extra';

export interface ChainProblem {
  streamId: string;
  /** The version the problem is about (for 'missing': the first missing version). */
  version: number;
  /** The event that shows the problem (for 'missing': the first event after the gap). */
  eventId: string;
  kind: ChainProblemKind;
  detail: string;
}

interface Checked {
  e: ChainEvent;
  recomputed: string;
}

/**
 * Checks the hash chains of the given events (any number of streams, in the order they were read:
 * the store's version order, or a Kafka partition's offset order). Pure; returns [] when intact.
 *
 * - 'reordered': an event arrives after an event of a higher version of its stream;
 * - 'extra': a second, different event claims a version already taken (the one the chain links to
 *   is kept), or a version below 1;
 * - 'missing': versions are skipped (reported once per gap, at the first missing version);
 * - 'broken_link': prevHash is not the hash of the previous version ('' for version 1);
 * - 'altered': the recomputed hash differs from the stored one.
 *
 * Exact repeats (same id, version, hash and content) are at-least-once resends, not problems.
 * A cut at the end of a stream cannot be seen from the chain alone: compare last versions too.
 */
export function verifyChain(events: Iterable<ChainEvent>): ChainProblem[] {
  const problems: ChainProblem[] = [];
  for (const [streamId, stream] of groupByStream(events)) {
    problems.push(...verifyStream(streamId, stream));
  }
  return problems;
}

function groupByStream(events: Iterable<ChainEvent>): Map<string, Checked[]> {
  const streams = new Map<string, Checked[]>();
  const seen = new Set<string>();
  for (const e of events) {
    const recomputed = computeEventHash(e);
    const key = JSON.stringify([e.streamId, e.id, e.version, e.hash, recomputed]);
    if (seen.has(key)) continue;
    seen.add(key);
    const list = streams.get(e.streamId) ?? [];
    list.push({ e, recomputed });
    streams.set(e.streamId, list);
  }
  return streams;
}

function verifyStream(streamId: string, arrived: Checked[]): ChainProblem[] {
  const problem = (c: Checked, kind: ChainProblemKind, detail: string, version = c.e.version): ChainProblem => ({
    streamId,
    version,
    eventId: c.e.id,
    kind,
    detail,
  });
  const problems: ChainProblem[] = [];
  let highest = -Infinity;
  for (const c of arrived) {
    if (c.e.version < highest) {
      problems.push(problem(c, 'reordered', `version ${c.e.version} comes after version ${highest}`));
    }
    highest = Math.max(highest, c.e.version);
  }
  const { kept, extra } = pickOnePerVersion([...arrived].sort((a, b) => a.e.version - b.e.version));
  for (const x of extra) problems.push(problem(x.c, 'extra', x.detail));
  let prev: Checked | undefined;
  for (const c of kept) {
    const expectedVersion = prev ? prev.e.version + 1 : 1;
    const expectedPrevHash = prev ? prev.e.hash : '';
    if (c.e.version > expectedVersion) {
      const range = c.e.version - 1 === expectedVersion ? `${expectedVersion}` : `${expectedVersion}..${c.e.version - 1}`;
      problems.push(problem(c, 'missing', `version ${range} missing before version ${c.e.version}`, expectedVersion));
    } else if (c.e.prevHash !== expectedPrevHash) {
      problems.push(problem(c, 'broken_link', `prevHash ${c.e.prevHash || "''"} is not ${expectedPrevHash || "''"}`));
    }
    if (c.recomputed !== c.e.hash) {
      problems.push(problem(c, 'altered', `stored hash ${c.e.hash}, recomputed ${c.recomputed}`));
    }
    prev = c;
  }
  return problems;
}

/** Among events sharing a version, keeps the one the chain links to; the others are extras. */
function pickOnePerVersion(sorted: Checked[]): { kept: Checked[]; extra: { c: Checked; detail: string }[] } {
  const kept: Checked[] = [];
  const extra: { c: Checked; detail: string }[] = [];
  for (let i = 0; i < sorted.length;) {
    const version = sorted[i].e.version;
    let j = i;
    while (j < sorted.length && sorted[j].e.version === version) j++;
    const group = sorted.slice(i, j);
    if (!Number.isInteger(version) || version < 1) {
      for (const c of group) extra.push({ c, detail: `invalid version ${version}` });
    } else {
      let k = j;
      while (k < sorted.length && sorted[k].e.version === version + 1) k++;
      const next = sorted.slice(j, k);
      const chosen = chooseLinked(group, kept[kept.length - 1], next);
      kept.push(chosen);
      for (const c of group) {
        if (c !== chosen) extra.push({ c, detail: `second event for version ${version} (chain continues with ${chosen.e.id})` });
      }
    }
    i = j;
  }
  return { kept, extra };
}

function chooseLinked(group: Checked[], prev: Checked | undefined, next: Checked[]): Checked {
  if (group.length === 1) return group[0];
  const linkedFromNext = group.find((c) => next.some((n) => n.e.prevHash === c.e.hash));
  if (linkedFromNext) return linkedFromNext;
  const prevHash = prev ? prev.e.hash : '';
  const linkedToPrev = group.find((c) => c.e.prevHash === prevHash && c.recomputed === c.e.hash);
  return linkedToPrev ?? group[0];
}
