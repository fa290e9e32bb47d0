import { constraintRule } from './kit.ts';

export default constraintRule({ id: 'response-content-schema-removed', keyword: 'contentSchema', direction: 'response', change: 'removed' });
