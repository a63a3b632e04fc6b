export * from './ack.js';
export * from './closeCodes.js';
export * from './errors.js';
export * from './events.js';
export * from './schemas/auth.js';
export * from './schemas/docs.js';
export * from './schemas/groups.js';
export * from './schemas/presence.js';
