import { Module } from '@nestjs/common';
import { TopologyController } from './topology.controller';

/** Read API of the topology read models (topology_endpoints, topology_groups). */
@Module({ controllers: [TopologyController] })
export class TopologyModule {}
