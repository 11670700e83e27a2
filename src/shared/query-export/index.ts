/** Queries as code: JSON, a Python script for mindtrace-datalake, a TypeScript module for this engine. */
export { queryToJson } from './to-json';
export { type PythonCall, type PythonOptions, pythonLiteral, queryToPython } from './to-python';
export { queryToTypeScript, type TypeScriptOptions } from './to-typescript';
export { type ExportableQuery, type ExportTarget, PASSWORD_ENV } from './types';
