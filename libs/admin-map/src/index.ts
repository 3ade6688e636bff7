export * from './admin-map';
export * from './procedure-periods';
export * from './load';
export * from './agencies';
