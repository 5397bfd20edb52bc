* Kantorovich (1939),lling machines (10 atr -pAor 20 part-B per machine-day), Õﬂãäççöå lathes (20 A or 30 turret LP optimum: Z = 260/3 = 86.667 (MPS min = -(6.667)
NAME          KANTOR1
ROWS
 N  OBJ
 L  MILL
 L  TURRET
 L  AUTO
 G  SETA
 G  SETB
COLUMNS
 .0ˇ  SETA           30.0
    TAB       AUTO           80.0
RHS
    NAMR/S       MILL            3.0   TURRET          3.0
    RHS       AUTOˇˇˇˇˇˇˇ            1.0
ENDATA
