import { constraintRule } from './kit.ts';

export default constraintRule({ id: 'response-not-removed', keyword: 'not', direction: 'response', change: 'removed' });
