import { Module } from '@nestjs/common';
import { ErrorBudgetsController } from './error-budgets.controller';
import { ErrorBudgetWrites } from './error-budget-writes.service';

/** Error budgets (SLOs): definitions, remaining budget and burn rates; the budgets projector raises their burn-rate alerts. */
@Module({ controllers: [ErrorBudgetsController], providers: [ErrorBudgetWrites] })
export class ErrorBudgetsModule {}
