import { constraintRule } from './kit.ts';

export default constraintRule({ id: 'request-contains-removed', keyword: 'contains', direction: 'request', change: 'removed' });
