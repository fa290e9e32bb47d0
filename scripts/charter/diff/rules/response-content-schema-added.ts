import { constraintRule } from './kit.ts';

export default constraintRule({ id: 'response-content-schema-added', keyword: 'contentSchema', direction: 'response', change: 'added' });
