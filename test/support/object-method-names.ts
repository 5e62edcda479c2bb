// Names a parser must treat as plain strings: an object used as a map answers to these unless it
// is built without a prototype.
export const OBJECT_METHOD_NAMES = [
  'constructor',
  'toString',
  'valueOf',
  'hasOwnProperty',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
  '__defineGetter__',
  '__proto__',
];
