import * as ecr from "aws-cdk-lib/aws-ecr";
import * as ecrAssets from "aws-cdk-lib/aws-ecr-assets";
import * as ecs from "aws-cdk-lib/aws-ecs";
import { Construct } from "constructs";
import type { OPS_IMAGE_NAME } from "../config/names.js";
import type { LoopServiceName } from "../config/service-catalog.js";

/** A LOOP service's image, or the ops image that runs the status CLI for the one-off status task. */
export type ImageName = LoopServiceName | typeof OPS_IMAGE_NAME;

export interface ServiceImage {
  readonly image: ecs.ContainerImage;
  /** What the processes log as build_id (seed failure 6: know which code runs). */
  readonly buildId: string;
}

export interface ServiceImagesProps {
  /** The workspace root: the Docker build context (.dockerignore keeps it small; CDK copies it on every synth). */
  readonly repoRoot: string;
  /** Prebuilt images `<ecrRepositoryPrefix><image>:<imageTag>` (`ops` included) instead of building docker/Dockerfile. */
  readonly imageTag: string | undefined;
  readonly ecrRepositoryPrefix: string;
  readonly buildId: string | undefined;
}

/** One image per service, and the ops image, from docker/Dockerfile (SERVICE build argument), or prebuilt ones by tag. */
export class ServiceImages extends Construct {
  private readonly images = new Map<ImageName, ServiceImage>();

  constructor(scope: Construct, id: string, private readonly props: ServiceImagesProps) {
    super(scope, id);
  }

  for(service: ImageName): ServiceImage {
    const known = this.images.get(service);
    if (known !== undefined) return known;
    const made = this.props.imageTag === undefined ? this.fromDockerfile(service) : this.fromRepository(service, this.props.imageTag);
    this.images.set(service, made);
    return made;
  }

  private fromDockerfile(service: ImageName): ServiceImage {
    const asset = new ecrAssets.DockerImageAsset(this, service, {
      directory: this.props.repoRoot,
      file: "docker/Dockerfile",
      target: "runtime",
      platform: ecrAssets.Platform.LINUX_AMD64,
      buildArgs: { SERVICE: service, BUILD_ID: this.props.buildId ?? "cdk-asset" },
      displayName: `ops-pipeline ${service} image`,
    });
    // Without an explicit build id, the content hash: it changes exactly when the image does.
    return { image: ecs.ContainerImage.fromDockerImageAsset(asset), buildId: this.props.buildId ?? asset.assetHash.slice(0, 12) };
  }

  private fromRepository(service: ImageName, tag: string): ServiceImage {
    const repository = ecr.Repository.fromRepositoryName(this, `Repository-${service}`, `${this.props.ecrRepositoryPrefix}${service}`);
    return { image: ecs.ContainerImage.fromEcrRepository(repository, tag), buildId: this.props.buildId ?? tag };
  }
}
