"""Government new media (政务新媒体): the account registry (政务新媒体名录), collectors that read an
account's posts from feeds, our JSON account snapshot and post exports, and the account snapshot
the M- rules judge. Accounts are inspected in the same run as websites (issue 14)."""
