"""Work plans (督查督办): a bureau's plan document turned into tracked tasks and targets."""
