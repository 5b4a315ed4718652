"""Pure engines of enrolment (no Django): lottery, application rules, allocation, classes, zoning, forecast."""
