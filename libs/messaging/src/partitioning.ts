// Which partition a key (dossier id) goes to. kafkajs 2.x `Partitioners.DefaultPartitioner` is the
// Java client's algorithm: `(murmur2(key) & 0x7fffffff) % partitionCount` with murmur2 computed
// in 64-bit Long arithmetic (src/producer/partitioners/default/murmur2.js, formerly named
// JavaCompatiblePartitioner). The LegacyPartitioner (plain JS numbers) overflows and disagrees
// with Java, so a dossier would land elsewhere when a JVM client produced it. Pinned explicitly.
import { Partitioners, type ICustomPartitioner } from 'kafkajs';

export const javaCompatiblePartitioner: ICustomPartitioner = Partitioners.DefaultPartitioner;

/** The partition the producers of this library (and Java clients) choose for a key. */
export function partitionForKey(key: string | Buffer, partitionCount: number): number {
  if (!Number.isInteger(partitionCount) || partitionCount < 1) {
    throw new Error(`partitionForKey: partitionCount must be a positive integer, got ${partitionCount}`);
  }
  const choose = javaCompatiblePartitioner();
  const partitionMetadata = Array.from({ length: partitionCount }, (_, partitionId) => ({
    partitionId,
    leader: 0,
    partitionErrorCode: 0,
    replicas: [0],
    isr: [0],
  }));
  return choose({ topic: '', partitionMetadata, message: { key, value: null } });
}
