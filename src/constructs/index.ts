export * from './agent-artifact';
export * from './agent-image';
export * from './agent-runtime';
export * from './model-access';
export * from './multi-agent-stack';
export * from './multi-agent-system';
export * from './network';
