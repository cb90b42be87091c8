"""Call intake: validate a CRM's call, check its audio cheaply, store it durably, queue it."""
