/** Idea board: stickies and sections over a Yjs doc (see shared/src/schemas/docs.ts). */
export { BoardView, type BoardViewProps } from './BoardView';
export { StickyDotsContext, type StickyDots, type StickyDotsMap } from './dots';
