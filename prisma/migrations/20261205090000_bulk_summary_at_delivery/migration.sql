-- A bulk run's summary is queued as the run's id and rendered when delivered (issue 17: the use case no
-- longer renders Slack messages). Summaries queued before stay SLACK_POST_MESSAGE rows, delivered as they are.
ALTER TYPE "OutboxKind" ADD VALUE 'SLACK_BULK_SUMMARY';
