import { constraintRule } from './kit.ts';

export default constraintRule({ id: 'request-content-schema-added', keyword: 'contentSchema', direction: 'request', change: 'added' });
