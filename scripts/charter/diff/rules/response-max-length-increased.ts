import { boundRule } from './kit.ts';

export default boundRule({ id: 'response-max-length-increased', keyword: 'maxLength', direction: 'response', change: 'looser', level: 'breaking' });
