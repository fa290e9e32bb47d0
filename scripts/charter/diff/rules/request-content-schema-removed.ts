import { constraintRule } from './kit.ts';

export default constraintRule({ id: 'request-content-schema-removed', keyword: 'contentSchema', direction: 'request', change: 'removed' });
