import { constraintRule } from './kit.ts';

export default constraintRule({ id: 'response-prefix-items-removed', keyword: 'prefixItems', direction: 'response', change: 'removed' });
