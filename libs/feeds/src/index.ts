export * from './feed';
export * from './icalendar';
export * from './rss';
export * from './atom';
export * from './csv';
export { escapeXml } from './xml';
