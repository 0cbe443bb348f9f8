# Creates the SQLite database the sql tests query: make_db.py PATH
import sqlite3
import sys

con = sqlite3.connect(sys.argv[1])
con.execute("CREATE TABLE sales(id INTEGER, region TEXT, amount REAL, note TEXT)")
con.executemany("INSERT INTO sales VALUES (?,?,?,?)",
                [(1, "US", 10.0, "plain"), (2, "EU", 2.5, "has, comma"), (3, "US", 4.5, 'say "hi"'),
                 (4, "APAC", 1.0, None)])
con.commit()
