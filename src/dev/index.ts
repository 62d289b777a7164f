export * from './agent-process';
export * from './credentials';
export * from './endpoint';
export * from './invoke';
export * from './ports';
export * from './state';
export * from './system';
export * from './targets';
