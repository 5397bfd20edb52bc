* Hillier & Lieberman, Introduction to ; 3 x1 + 2 x2 <= 18. Known optimum: max = 36 at (2,6) (MPS m= ni -36/
NAME          WYNDOR
ROWS
 N  Z
 L  PLANT1
 L  PLANT2
 L  PLANT3
COLUMNS
    X1        Z              -3.0   PLANT       1.0
    X1        PLANT3          3.0
    X2cccccccccccccccccccccccccccccccccc께께께께께께께께께께께께께께께께께께께께께께께께께께께께께께께께께께께께께께께께께께께께께께께께께께께께께께께께께께cccccccccccccccccccccccccccccccccccccccccccccccccccccccc        Z              -5.0   PLANT2          2.0
    X2        PLANT3          2.0
RHS
    RHS       PLANT0          4.0   PLANT2         12.0
    RHS       PLANT3         18.0
BOUNDS
