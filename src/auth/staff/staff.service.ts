import { randomBytes } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository, type SelectQueryBuilder } from 'typeorm';
import { DomainError } from '../../common/errors/domain-error.js';
import { ConnectionArgs, toConnection, type ConnectionShape } from '../../common/pagination/connection.types.js';
import type { KeysetOrder } from '../../common/pagination/keyset.js';
import { AppConfig } from '../../config/app-config.js';
import { Department } from '../../reference/departments/department.entity.js';
import { Region } from '../../reference/regions/region.entity.js';
import type { Actor } from '../../access/actor.js';
import { hashPassword, passwordPolicyProblems } from '../passwords.js';
import { Role } from '../../access/role.enum.js';
import { TokenService } from '../tokens/token.service.js';
import type { CreateStaffUserInput, StaffUserDto, UpdateStaffUserInput } from './staff.dto.js';
import { StaffUser } from '../../reference/staff/staff-user.entity.js';

const DEPARTMENT_ROLES: readonly Role[] = [Role.DEPARTMENT_OFFICER, Role.INSTRUCTOR];

const byCreated: KeysetOrder<StaffUser> = { column: 'u.created_at', idColumn: 'u.id', direction: 'ASC', read: (u) => [u.createdAt, u.id] };

/** A password nobody typed: 18 characters of letters and digits, shown once. */
function oneTimePassword(): string {
  return `${randomBytes(12).toString('base64url').replace(/[-_]/g, 'x')}9a`;
}

/** Staff accounts: admins create, edit and disable them within their own region scope. */
@Injectable()
export class StaffService {
  private readonly logger = new Logger('StaffService');

  constructor(
    @InjectRepository(StaffUser) private readonly users: Repository<StaffUser>,
    private readonly tokens: TokenService,
    private readonly config: AppConfig,
  ) {}

  /** The account as admins see it. */
  toDto(user: StaffUser): StaffUserDto {
    return {
      id: user.id,
      username: user.username,
      role: user.role,
      regionCode: user.region?.code ?? null,
      regionName: user.region?.name ?? null,
      departmentId: user.departmentId,
      disabled: user.disabled,
      mustChangePassword: user.mustChangePassword,
      lockedUntil: user.lockedUntil && user.lockedUntil > new Date() ? user.lockedUntil : null,
      lastLoginAt: user.lastLoginAt,
      createdAt: user.createdAt,
    };
  }

  /** Creates an account; without a password a one-time one is generated and must be changed at first sign-in. */
  async create(actor: Actor, input: CreateStaffUserInput): Promise<{ user: StaffUser; oneTimePassword: string | null }> {
    if (await this.users.existsBy({ username: input.username })) {
      throw DomainError.conflict(`The username ${input.username} is taken`, { field: 'username' });
    }
    const region = await this.scopedRegion(actor, input.role, input.regionCode);
    const departmentId = await this.checkedDepartment(input.role, input.departmentId ?? null, region);
    if (input.password !== undefined) {
      const problems = passwordPolicyProblems(input.password, input.username);
      if (problems.length) throw DomainError.badField('password', problems.join('; '));
    }
    const password = input.password ?? oneTimePassword();
    const user = await this.users.save(
      this.users.create({
        username: input.username,
        passwordHash: await hashPassword(password),
        role: input.role,
        regionId: region?.id ?? null,
        departmentId,
        mustChangePassword: input.password === undefined,
      }),
    );
    return { user: await this.get(actor, user.id), oneTimePassword: input.password === undefined ? password : null };
  }

  /** Changes role, scope, department or the disabled flag; disabling ends every session at once. */
  async update(actor: Actor, id: string, input: UpdateStaffUserInput): Promise<StaffUser> {
    const user = await this.get(actor, id);
    if (input.disabled === true && user.id === actor.id) throw DomainError.badField('disabled', 'you cannot disable your own account');
    const role = input.role ?? user.role;
    const region =
      input.regionCode !== undefined || input.role !== undefined
        ? await this.scopedRegion(actor, role, input.regionCode ?? user.region?.code)
        : (user.region ?? null);
    const wantedDepartment = input.departmentId === undefined ? user.departmentId : input.departmentId || null;
    user.departmentId = await this.checkedDepartment(role, wantedDepartment, region ?? null);
    user.role = role;
    user.regionId = region?.id ?? null;
    user.region = region ?? null;
    if (input.disabled !== undefined) user.disabled = input.disabled;
    await this.users.save(user);
    if (input.disabled === true || input.role !== undefined || input.regionCode !== undefined) {
      await this.tokens.revokeAllOf(user.id, input.disabled ? 'disabled' : 'scope_changed');
    }
    return this.get(actor, id);
  }

  /** Sets a new one-time password (forgotten password); the user must change it at next sign-in. */
  async resetPassword(actor: Actor, id: string): Promise<string> {
    const user = await this.get(actor, id);
    const password = oneTimePassword();
    await this.users.update(user.id, {
      passwordHash: await hashPassword(password),
      mustChangePassword: true,
      passwordChangedAt: new Date(),
      lockedUntil: null,
      failedLoginCount: 0,
    });
    await this.tokens.revokeAllOf(user.id, 'password_reset');
    return password;
  }

  /** One account within the caller's scope, or NOT_FOUND. */
  async get(actor: Actor, id: string): Promise<StaffUser> {
    const user = await this.scoped(actor).andWhere('u.id = :id', { id }).getOne();
    if (!user) throw DomainError.notFound('Staff user', id);
    return user;
  }

  /** Accounts within the caller's scope, filtered by role and region subtree. */
  async list(actor: Actor, args: ConnectionArgs & { role?: Role; regionCode?: string }): Promise<ConnectionShape<StaffUser>> {
    const query = this.scoped(actor);
    if (args.role) query.andWhere('u.role = :role', { role: args.role });
    if (args.regionCode) {
      query.andWhere('region.path <@ (SELECT path FROM region WHERE code = :regionCode)', { regionCode: args.regionCode });
    }
    return toConnection(query, byCreated, args);
  }

  /**
   * On a fresh deployment, creates the initial ADMIN from ADMIN_USERNAME/ADMIN_PASSWORD, or with a
   * one-time password printed once (it must be changed at first sign-in). Does nothing once any ADMIN exists.
   * Instances starting together on a fresh database race to insert it; only the one whose insert
   * created the account prints its password.
   */
  async ensureInitialAdmin(print: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): Promise<void> {
    if (await this.users.existsBy({ role: Role.ADMIN })) return;
    const given = this.config.ADMIN_PASSWORD;
    if (given) {
      const problems = passwordPolicyProblems(given, this.config.ADMIN_USERNAME);
      if (problems.length) throw new Error(`ADMIN_PASSWORD ${problems.join('; ')}`);
    }
    const password = given ?? oneTimePassword();
    const inserted = await this.users
      .createQueryBuilder()
      .insert()
      .values({ username: this.config.ADMIN_USERNAME, passwordHash: await hashPassword(password), role: Role.ADMIN, mustChangePassword: !given })
      .orIgnore()
      .returning('id')
      .execute();
    if ((inserted.raw as unknown[]).length === 0) {
      if (!(await this.users.existsBy({ role: Role.ADMIN }))) {
        this.logger.warn(`the initial administrator was not created: a staff user named "${this.config.ADMIN_USERNAME}" already exists`);
      }
      return;
    }
    this.logger.log(`created the initial administrator account "${this.config.ADMIN_USERNAME}"`);
    if (!given) {
      print(`\n  Initial administrator: ${this.config.ADMIN_USERNAME} / ${password}\n  (shown once; you must change it at first sign-in)\n`);
    }
  }

  private scoped(actor: Actor): SelectQueryBuilder<StaffUser> {
    const query = this.users.createQueryBuilder('u').leftJoinAndSelect('u.region', 'region');
    if (actor.regionPath) query.andWhere('region.path <@ :scopePath', { scopePath: actor.regionPath });
    return query;
  }

  /** The region for a role: required except for ADMIN, known, and inside the caller's own scope. */
  private async scopedRegion(actor: Actor, role: Role, regionCode: string | undefined): Promise<Region | null> {
    if (!regionCode) {
      if (role === Role.ADMIN && !actor.regionPath) return null;
      throw DomainError.badField('regionCode', `is required for ${role}`);
    }
    const region = await this.users.manager.findOneBy(Region, { code: regionCode });
    if (!region) throw DomainError.badField('regionCode', `no region has code ${regionCode}`);
    if (actor.regionPath && !`${region.path}.`.startsWith(`${actor.regionPath}.`)) {
      throw DomainError.forbidden(`Region ${regionCode} is outside your scope`);
    }
    return region;
  }

  /** Department roles need a department of the same county; other roles have none. */
  private async checkedDepartment(role: Role, departmentId: string | null, region: Region | null): Promise<string | null> {
    if (!DEPARTMENT_ROLES.includes(role)) {
      if (departmentId) throw DomainError.badField('departmentId', `only ${DEPARTMENT_ROLES.join(' and ')} belong to a department`);
      return null;
    }
    if (!departmentId) throw DomainError.badField('departmentId', `is required for ${role}`);
    const department = await this.users.manager.findOneBy(Department, { id: departmentId });
    if (!department) throw DomainError.badField('departmentId', `no department has id ${departmentId}`);
    if (region && region.countyCode && department.countyCode !== region.countyCode) {
      throw DomainError.badField('departmentId', `the department belongs to county ${department.countyCode}, not ${region.countyCode}`);
    }
    return department.id;
  }
}
