export * from './jobs';
export * from './registry';
