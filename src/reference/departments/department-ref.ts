import { ApiRef } from '../../common/references/ref.dto.js';

/**
 * A REST property naming a department (`RefDto`), saying what its code is: departments have no code
 * of their own, so the code is the region it belongs to and its kind (`departmentRefJson`).
 */
export function ApiDepartmentRef(zh: string, en: string, options: { nullable?: boolean } = {}): PropertyDecorator {
  return ApiRef(
    `${zh}。部门无编码，code 为“所属区划代码:部门类别”，如 431126:TRANSPORT / ${en}. Departments have no code: code is "region code:kind", e.g. 431126:TRANSPORT`,
    options,
  );
}
