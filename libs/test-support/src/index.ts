// The one test-support library of the repository: every test tier imports its helpers from here.
export { deciderSpec, type Decider, type ExpectedRejection, type Outcome, type Then } from './decider-spec';
export { waitFor, StopWaiting } from './wait';
export { freePort, freePorts } from './ports';
export { grpcCodeOf } from './grpc-code';
export { vnTime } from './vietnam-time';
export { startProcess, type ProcessSpec, type RunningProcess } from './processes';
