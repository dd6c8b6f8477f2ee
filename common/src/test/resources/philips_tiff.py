# Writes a Philips TIFF (the XML OpenSlide reads, two levels, Deflate tiles) of a picture:
# no tool on this machine writes the format, and our readers refuse it, so OpenSlide must read it.
import sys, numpy as np, tifffile
from PIL import Image
img = np.asarray(Image.open(sys.argv[1]).convert('RGB'))
xml = '''<?xml version="1.0" encoding="UTF-8" ?>
<DataObject ObjectType="DPUfsImport">
<Attribute Name="DICOM_MANUFACTURER" Group="0x0008" Element="0x0070" PMSVR="IString">PHILIPS</Attribute>
<Attribute Name="PIM_DP_SCANNED_IMAGES" Group="0x301D" Element="0x1003" PMSVR="IDataObjectArray">
<Array>
<DataObject ObjectType="DPScannedImage">
<Attribute Name="PIM_DP_IMAGE_TYPE" Group="0x301D" Element="0x1004" PMSVR="IString">WSI</Attribute>
<Attribute Name="DICOM_PIXEL_SPACING" Group="0x0028" Element="0x0030" PMSVR="IDoubleArray">&quot;0.000250&quot; &quot;0.000250&quot;</Attribute>
<Attribute Name="PIIM_PIXEL_DATA_REPRESENTATION_SEQUENCE" Group="0x1001" Element="0x8B01" PMSVR="IDataObjectArray">
<Array>
<DataObject ObjectType="PixelDataRepresentation">
<Attribute Name="DICOM_PIXEL_SPACING" Group="0x0028" Element="0x0030" PMSVR="IDoubleArray">&quot;0.000250&quot; &quot;0.000250&quot;</Attribute>
</DataObject>
<DataObject ObjectType="PixelDataRepresentation">
<Attribute Name="DICOM_PIXEL_SPACING" Group="0x0028" Element="0x0030" PMSVR="IDoubleArray">&quot;0.000500&quot; &quot;0.000500&quot;</Attribute>
</DataObject>
</Array>
</Attribute>
</DataObject>
</Array>
</Attribute>
</DataObject>'''
with tifffile.TiffWriter(sys.argv[2]) as t:
    t.write(img, tile=(128,128), photometric='rgb', compression='zlib', description=xml, metadata=None, software='Philips')
    t.write(np.ascontiguousarray(img[::2,::2]), tile=(128,128), photometric='rgb', compression='zlib', metadata=None, subfiletype=1)
