export * from './generated-file';
export * from './project';
export * from './readme-section';
export * from './tasks';
export * from './versions';
