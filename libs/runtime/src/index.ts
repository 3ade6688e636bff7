export { runService, type Stoppable } from './run-service';
export { startEventSourcedRuntime, type EventSourcedRuntime, type EventSourcedRuntimeOptions } from './event-sourced';
