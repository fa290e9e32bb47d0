import { constraintRule } from './kit.ts';

export default constraintRule({ id: 'request-not-removed', keyword: 'not', direction: 'request', change: 'removed' });
