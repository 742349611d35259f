export * from './values';
export * from './errors';
export * from './parse';
export * from './worlds';
export * from './evaluate';
export * from './placeholders';
export * from './secrets';
export * from './data';
export { splitText } from './intrinsics';
