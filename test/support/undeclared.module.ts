// Handlers that forgot their permission decorator: the global guard must refuse them.
import { Controller, Get, Module } from '@nestjs/common';
import { Query, Resolver } from '@nestjs/graphql';

@Controller('undeclared')
export class UndeclaredController {
  @Get()
  read(): { secret: string } {
    return { secret: 'should never be served' };
  }
}

@Resolver()
export class UndeclaredResolver {
  @Query(() => String)
  undeclaredSecret(): string {
    return 'should never be served';
  }
}

@Module({ controllers: [UndeclaredController], providers: [UndeclaredResolver] })
export class UndeclaredModule {}
