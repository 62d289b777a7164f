export * from './agent-process';
export * from './credentials';
export * from './endpoint';
export * from './ports';
export * from './system';
