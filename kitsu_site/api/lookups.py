"""`ilike`: the case-insensitive pattern match the reference uses for `name=` filters.

Django's `iexact` escapes `%` and `_`; the reference passes the value through as a pattern, and
clients rely on `name=Shot%` working.
"""

from django.db.models import CharField, Lookup, TextField


class ILike(Lookup):
    lookup_name = "ilike"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        if connection.vendor == "postgresql":
            return f"{lhs}::text ILIKE {rhs}", [*lhs_params, *rhs_params]
        return f"LOWER({lhs}) LIKE LOWER({rhs})", [*lhs_params, *rhs_params]


CharField.register_lookup(ILike)
TextField.register_lookup(ILike)
