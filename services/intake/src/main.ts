// Wiring lands with the service's first use case.
export {};
