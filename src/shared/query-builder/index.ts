/** The query builder's pure logic: the card model, cards ⇄ query JSON, operators, values, error places. */
export * from './decode';
export * from './edits';
export * from './encode';
export * from './json-text';
export * from './locate';
export * from './model';
export * from './operators';
export * from './schema-fields';
export * from './values';
