import { boundRule } from './kit.ts';

export default boundRule({ id: 'response-max-properties-increased', keyword: 'maxProperties', direction: 'response', change: 'looser', level: 'breaking' });
