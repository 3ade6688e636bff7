// The one test-support library of the repository: every test tier imports its helpers from here.
export { deciderSpec, type Decider, type ExpectedRejection, type Outcome, type Then } from './decider-spec';
