// A tiny feature used only by the audit tests: a REST and a GraphQL mutation taking personal data
// and a password, so the global AuditInterceptor is exercised exactly as real mutations use it.
import { randomUUID } from 'node:crypto';
import { Body, Controller, Module, Param, Patch, Post } from '@nestjs/common';
import { Args, Field, ID, InputType, Mutation, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { Audit } from '../../src/audit/audit.decorator.js';
import { RequirePermission } from '../../src/access/access.decorators.js';
import { Permission } from '../../src/access/permission.enum.js';
import { DomainError } from '../../src/common/errors/domain-error.js';

@InputType()
export class AuditProbeInput {
  @Field() @ApiProperty() @IsString() @MaxLength(50) name: string;
  @Field() @ApiProperty() @IsString() phone: string;
  @Field() @ApiProperty() @IsString() idNumber: string;
  @Field() @ApiProperty() @IsString() password: string;
  /** `conflict` makes the mutation fail with CONFLICT, `crash` with an unexpected error. */
  @Field({ nullable: true }) @ApiPropertyOptional() @IsOptional() @IsString() note?: string;
}

@ObjectType()
export class AuditProbePerson {
  @Field(() => ID) id: string;
  @Field() note: string;
}

function createPerson(input: AuditProbeInput, id: string = randomUUID()): AuditProbePerson {
  if (input.note === 'conflict') throw DomainError.conflict('This person is already registered');
  if (input.note === 'crash') throw new Error('secret internal detail');
  return Object.assign(new AuditProbePerson(), { id, note: input.note ?? '' });
}

@Resolver()
export class AuditProbeResolver {
  @Query(() => String)
  @RequirePermission(Permission.SELF_READ)
  auditProbeRead(): string {
    return 'read';
  }

  @Mutation(() => AuditProbePerson)
  @RequirePermission(Permission.SELF_READ)
  auditProbeCreate(@Args('input') input: AuditProbeInput): AuditProbePerson {
    return createPerson(input);
  }

  @Mutation(() => Boolean)
  @RequirePermission(Permission.SELF_READ)
  @Audit({ skip: true })
  auditProbeUnaudited(): boolean {
    return true;
  }
}

@Controller('audit-probe/people')
export class AuditProbeController {
  @Post()
  @RequirePermission(Permission.SELF_READ)
  @Audit({ entity: 'ProbePerson' })
  create(@Body() body: AuditProbeInput): AuditProbePerson {
    return createPerson(body);
  }

  @Patch(':id')
  @RequirePermission(Permission.SELF_READ)
  @Audit({ entity: 'ProbePerson' })
  update(@Param('id') id: string, @Body() body: AuditProbeInput): { ok: true } {
    createPerson(body, id);
    return { ok: true };
  }
}

@Module({ providers: [AuditProbeResolver], controllers: [AuditProbeController] })
export class AuditProbeModule {}
