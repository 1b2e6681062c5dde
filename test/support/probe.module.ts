// A small feature used only by the foundation tests: one table, a REST create/list, a GraphQL
// connection and a deep type, so the shared plumbing is exercised exactly as features use it.
import { Body, Controller, Get, Module, Post, Query as RestQuery } from '@nestjs/common';
import { Args, Field, Int, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { ApiProperty } from '@nestjs/swagger';
import { InjectRepository, TypeOrmModule } from '@nestjs/typeorm';
import { IsInt, IsString, Max, MaxLength, Min } from 'class-validator';
import { Column, Entity, Repository } from 'typeorm';
import { Public } from '../../src/access/access.decorators.js';
import { BaseEntity } from '../../src/database/base.entity.js';
import { Connection, ConnectionArgs, toConnection } from '../../src/common/pagination/connection.types.js';
import { CursorQuery, toCursorPage } from '../../src/common/pagination/cursor-page.js';
import type { KeysetOrder } from '../../src/common/pagination/keyset.js';

export const PROBE_TABLE_SQL = `CREATE TABLE probe_item (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(), label text NOT NULL, count int NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now())`;

@ObjectType()
@Entity()
export class ProbeItem extends BaseEntity {
  @Field() @Column() label: string;
  @Field(() => Int) @Column() count: number;
}

@ObjectType()
export class ProbeItemConnection extends Connection(ProbeItem) {}

@ObjectType()
export class ProbeNode {
  @Field(() => Int) level: number;
  @Field(() => ProbeNode) child: ProbeNode;
}

export class CreateProbeItemDto {
  @ApiProperty() @IsString() @MaxLength(50) label: string;
  @ApiProperty() @IsInt() @Min(0) @Max(1000) count: number;
}

export class ProbeValueDto {
  @ApiProperty() @IsString() @MaxLength(50) value: string;
}

const byCreated: KeysetOrder<ProbeItem> = {
  column: 'p.created_at',
  idColumn: 'p.id',
  direction: 'ASC',
  read: (p) => [p.createdAt, p.id],
};

@Public()
@Resolver()
export class ProbeResolver {
  constructor(@InjectRepository(ProbeItem) private readonly items: Repository<ProbeItem>) {}

  @Query(() => ProbeItemConnection)
  probeItems(@Args() args: ConnectionArgs) {
    return toConnection(this.items.createQueryBuilder('p'), byCreated, args);
  }

  @Query(() => ProbeNode)
  probeDeep(): ProbeNode {
    const node = (level: number): ProbeNode => ({
      level,
      get child() {
        return node(level + 1);
      },
    });
    return node(1);
  }

  @Query(() => String)
  probeFail(): string {
    throw new Error('secret internal detail');
  }
}

@Public()
@Controller('probe/items')
export class ProbeController {
  constructor(@InjectRepository(ProbeItem) private readonly items: Repository<ProbeItem>) {}

  @Post()
  create(@Body() body: CreateProbeItemDto) {
    return this.items.save(this.items.create(body));
  }

  @Get()
  list(@RestQuery() query: CursorQuery) {
    return toCursorPage(this.items.createQueryBuilder('p'), byCreated, query);
  }

  /** A statement that fails unexpectedly (500) with `value` among its parameters. */
  @Post('failing-query')
  async failingQuery(@Body() body: ProbeValueDto): Promise<void> {
    await this.items.query('SELECT * FROM no_such_probe_table WHERE label = $1', [body.value]);
  }
}

@Module({
  imports: [TypeOrmModule.forFeature([ProbeItem])],
  providers: [ProbeResolver],
  controllers: [ProbeController],
})
export class ProbeModule {}
