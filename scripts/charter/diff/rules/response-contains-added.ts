import { constraintRule } from './kit.ts';

export default constraintRule({ id: 'response-contains-added', keyword: 'contains', direction: 'response', change: 'added' });
