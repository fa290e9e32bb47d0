import { constraintRule } from './kit.ts';

export default constraintRule({ id: 'request-prefix-items-added', keyword: 'prefixItems', direction: 'request', change: 'added' });
