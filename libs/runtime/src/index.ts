export { BoundedCache } from './bounded-cache';
export { runService, type Stoppable } from './run-service';
export { startEventSourcedRuntime, type EventSourcedRuntime, type EventSourcedRuntimeOptions } from './event-sourced';
export {
  startClock,
  checkClockConfig,
  clockConfigSchema,
  ClockConfigError,
  FollowedClock,
  type Clock,
  type ClockConfig,
  type ClockReading,
  type RunningClock,
} from './clock';
export { startClockServer, type ClockServer } from './clock-server';
