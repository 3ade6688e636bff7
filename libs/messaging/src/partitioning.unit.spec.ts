import { Partitioners } from 'kafkajs';
import { partitionForKey } from './partitioning';

// Kafka's own UtilsTest.testMurmur2 vectors: the Java client puts a key on partition
// (murmur2(key) & 0x7fffffff) % count. Our producers must agree with it.
const javaMurmur2: Array<[string, number]> = [
  ['21', -973932308],
  ['foobar', -790332482],
  ['a-little-bit-long-string', -985981536],
  ['a-little-bit-longer-string', -1486304829],
  ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
  ['abc', 479470107],
];
const javaPartition = (hash: number, count: number) => (hash & 0x7fffffff) % count;

describe('partitionForKey', () => {
  it.each(javaMurmur2)('places %s where the Java client does', (key, hash) => {
    for (const count of [1, 3, 6, 12, 50, 97]) {
      expect(partitionForKey(key, count)).toBe(javaPartition(hash, count));
    }
  });

  it('differs from the legacy kafkajs partitioner, which would break cross-client placement', () => {
    const legacy = Partitioners.LegacyPartitioner();
    const metadata = Array.from({ length: 97 }, (_, partitionId) => ({
      partitionId,
      leader: 0,
      partitionErrorCode: 0,
      replicas: [0],
      isr: [0],
    }));
    const disagreements = javaMurmur2.filter(
      ([key]) => legacy({ topic: 't', partitionMetadata: metadata, message: { key, value: null } }) !== partitionForKey(key, 97),
    );
    expect(disagreements.length).toBeGreaterThan(0);
  });

  it('rejects a partition count that is not a positive integer', () => {
    expect(() => partitionForKey('x', 0)).toThrow(/partitionCount/);
  });
});
