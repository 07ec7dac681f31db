using Discounts.Faults;

// The fault suite (scripts/faults.sh): mixed traffic against the standalone service while PostgreSQL, PgBouncer,
// the service itself and Stripe fail one at a time; design.md's invariants checked in the database after each.
return await FaultSuite.RunAsync(FaultOptions.Parse(args));
