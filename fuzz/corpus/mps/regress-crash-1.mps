* Kantorovich (1939), Management E          WYNDOR
ROWS
 N  Z
 L  PLANT1
 L  PLANT2
 L  PLANT3
COLUMNS
    X1    ÿ    Z              -3.0   PLANT1          1.0
    X1        PLANT3          3.0
    X2        Z              AUTO    :       1.0   SATB           80.0
RHS
    RHS   .gms    MILL            3.0   TURRET          3.0
    RHS   €    AUTO            1.0
ENDATA
