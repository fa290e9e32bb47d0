import { constraintRule } from './kit.ts';

export default constraintRule({ id: 'response-contains-removed', keyword: 'contains', direction: 'response', change: 'removed' });
