import { constraintRule } from './kit.ts';

export default constraintRule({ id: 'request-prefix-items-removed', keyword: 'prefixItems', direction: 'request', change: 'removed' });
